namespace NfBond.Firmware.At;

/// <summary>How a command or script ended.</summary>
public enum AtResult
{
    /// <summary>Not finished yet.</summary>
    Pending,

    /// <summary><c>OK</c>.</summary>
    Ok,

    /// <summary><c>CONNECT</c> (a data call or transparent mode started).</summary>
    Connect,

    /// <summary>Plain <c>ERROR</c>.</summary>
    Error,

    /// <summary><c>+CME ERROR:</c> with a numeric or verbose cause.</summary>
    CmeError,

    /// <summary><c>+CMS ERROR:</c> (SMS service).</summary>
    CmsError,

    /// <summary><c>NO CARRIER</c>.</summary>
    NoCarrier,

    /// <summary><c>BUSY</c>.</summary>
    Busy,

    /// <summary><c>NO ANSWER</c>.</summary>
    NoAnswer,

    /// <summary><c>NO DIALTONE</c>.</summary>
    NoDialtone,

    /// <summary>No final result within the step's timeout.</summary>
    Timeout,

    /// <summary><c>OK</c> came but the deferred result (a ping summary, say) did not within its timeout.</summary>
    DeferredTimeout,

    /// <summary>One of the script's abort lines arrived (the modem rebooted mid-command, say).</summary>
    Aborted,

    /// <summary>The owner cancelled the script (the modem is being power-cycled).</summary>
    Cancelled,
}
