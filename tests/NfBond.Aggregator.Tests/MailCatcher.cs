using System.Diagnostics;
using MimeKit;

namespace NfBond.Aggregator.Tests;

/// <summary>
/// A real SMTP server on a loopback port: Debian's aiosmtpd (installed with apt-get when missing) delivering
/// into a Maildir, which the catcher reads back. (The SmtpServer 11.1 library stopped listening after its
/// first message here.)
/// </summary>
internal sealed class MailCatcher : IDisposable
{
    private readonly Process _server;
    private readonly string _maildir;

    public MailCatcher(int port)
    {
        LabTools.Ensure(Console.Out, [("aiosmtpd", "python3-aiosmtpd")]);
        Port = port;
        _maildir = Path.Combine(Directory.CreateTempSubdirectory("nfbond-mail").FullName, "Maildir");
        ProcessStartInfo start = new("aiosmtpd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir })
        {
            start.ArgumentList.Add(a);
        }

        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        Assert.True(LocalPorts.WaitListening(port, 15_000), "aiosmtpd did not start");
    }

    public int Port { get; }

    /// <summary>Gets the messages delivered so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            Assert.False(_server.HasExited, $"aiosmtpd exited with {(_server.HasExited ? _server.ExitCode : 0)}");
            if (!Directory.Exists(_maildir))
            {
                return [];
            }

            return [.. new[] { "new", "cur" }.Select(d => Path.Combine(_maildir, d)).Where(Directory.Exists).SelectMany(Directory.GetFiles)
                .OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal).Select(f => MimeMessage.Load(f))];
        }
    }

    public void Dispose()
    {
        if (!_server.HasExited)
        {
            _server.Kill(true);
            _server.WaitForExit();
        }

        _server.Dispose();
    }
}
