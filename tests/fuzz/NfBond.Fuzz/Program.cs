using NfBond.Fuzz;
using SharpFuzz;

// dotnet NfBond.Fuzz.dll                 lists the targets
// dotnet NfBond.Fuzz.dll TARGET          runs under afl-fuzz (input on stdin, fork server)
// dotnet NfBond.Fuzz.dll TARGET FILE...  runs inputs once each (regressions, afl-tmin)
if (args.Length == 0)
{
    foreach (string name in FuzzTargets.All.Keys)
    {
        Console.WriteLine(name);
    }

    return 0;
}

if (!FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    Console.Error.WriteLine($"unknown target \"{args[0]}\"; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length > 1)
{
    foreach (string file in args[1..])
    {
        target(File.ReadAllBytes(file));
    }

    return 0;
}

Fuzzer.Run(stream =>
{
    using MemoryStream copy = new();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
