using System.Diagnostics;

namespace NfBond.Aggregator.Reports;

/// <summary>Prints HTML to PDF with headless Chromium (Debian's package): the same page a browser shows.</summary>
public static class PdfPrinter
{
    /// <summary>Where Chromium is looked for.</summary>
    public static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>Prints a page into memory (for an HTTP answer).</summary>
    /// <param name="html">The page.</param>
    /// <returns>The PDF.</returns>
    /// <exception cref="InvalidOperationException">Chromium is missing or failed.</exception>
    public static byte[] Bytes(string html)
    {
        string dir = Directory.CreateTempSubdirectory("nfbond-pdf-out").FullName;
        try
        {
            string path = Path.Combine(dir, "page.pdf");
            Print(html, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Prints a page.</summary>
    /// <param name="html">The page.</param>
    /// <param name="pdfPath">Where the PDF goes.</param>
    /// <exception cref="InvalidOperationException">Chromium is missing or failed; the message says how to fix it.</exception>
    public static void Print(string html, string pdfPath)
    {
        string chromium = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"PDF needs headless Chromium, not found at {string.Join(", ", Candidates)}; install it (apt-get install chromium) or use --format html|csv|json");
        string work = Directory.CreateTempSubdirectory("nfbond-pdf").FullName;
        try
        {
            string page = Path.Combine(work, "report.html");
            File.WriteAllText(page, html);
            ProcessStartInfo start = new(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Path.Combine(work, "profile"), "--no-pdf-header-footer", "--print-to-pdf=" + Path.GetFullPath(pdfPath), new Uri(page).AbsoluteUri })
            {
                start.ArgumentList.Add(a);
            }

            using Process process = Process.Start(start)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(true);
                throw new InvalidOperationException("Chromium did not print the PDF within 60 s");
            }

            if (process.ExitCode != 0 || !File.Exists(pdfPath))
            {
                throw new InvalidOperationException($"Chromium failed to print the PDF (exit {process.ExitCode}): {errors.Result.Trim()}");
            }
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }
}
