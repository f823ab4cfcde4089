namespace NfBond.Tests.Shared;

/// <summary>
/// The one way the tests wait for something that happens in real time (a broker, a browser, a process):
/// poll the condition, and fail with what was awaited when it does not come. Never a fixed sleep.
/// </summary>
internal static class Eventually
{
    private const int PollMs = 50;

    /// <summary>Waits until a condition holds, failing the test after <paramref name="timeoutMs"/>.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeoutMs">How long at most.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <returns>Completes when it holds.</returns>
    public static async Task HoldsAsync(Func<bool> condition, int timeoutMs = 30_000, string? what = null)
    {
        DateTime until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out after {timeoutMs} ms waiting for {what ?? "the condition"}");
            await Task.Delay(PollMs);
        }
    }

    /// <summary>Waits on this thread until a condition holds, failing the test after <paramref name="timeoutMs"/>.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeoutMs">How long at most.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    public static void Holds(Func<bool> condition, int timeoutMs, string what)
    {
        DateTime until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out after {timeoutMs} ms waiting for {what}");
            Thread.Sleep(PollMs);
        }
    }

    /// <summary>Reads a value again until it satisfies a condition; the last value read when the time is up.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="probe">Reads the value.</param>
    /// <param name="done">Whether it is the awaited one.</param>
    /// <param name="timeoutMs">How long at most.</param>
    /// <returns>The value (the caller asserts on it).</returns>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, int timeoutMs = 20_000)
    {
        DateTime until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T value = await probe();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(PollMs);
            value = await probe();
        }

        return value;
    }
}
