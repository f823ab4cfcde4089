namespace NfBond.Firmware.Links;

/// <summary>Configuration names of link types and roles.</summary>
public static class LinkTypes
{
    /// <summary>Type names, in <see cref="LinkType"/> order.</summary>
    public static readonly string[] Names = new string[] { "fiber", "dsl", "cable", "lte", "5g", "starlink", "radio" };

    /// <summary>Role names, in <see cref="LinkRole"/> order.</summary>
    public static readonly string[] RoleNames = new string[] { "primary", "active", "backup" };

    /// <summary>Gets the configuration name of a type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>For example <c>5g</c>.</returns>
    public static string Name(LinkType type)
    {
        return Names[(int)type];
    }

    /// <summary>Gets the configuration name of a role.</summary>
    /// <param name="role">The role.</param>
    /// <returns>For example <c>backup</c>.</returns>
    public static string RoleName(LinkRole role)
    {
        return RoleNames[(int)role];
    }
}
