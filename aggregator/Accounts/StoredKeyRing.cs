using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NfBond.Aggregator.Storage;

namespace NfBond.Aggregator.Accounts;

/// <summary>
/// The Data Protection key ring in the shared database: every instance decrypts the cookies and
/// anti-forgery tokens the others issued.
/// </summary>
public sealed class StoredKeyRing : IXmlRepository
{
    private readonly IAccountStore _store;

    /// <summary>Creates the repository.</summary>
    /// <param name="store">The shared database.</param>
    public StoredKeyRing(IAccountStore store) => _store = store;

    /// <inheritdoc/>
    public IReadOnlyCollection<XElement> GetAllElements() => _store.ProtectionKeys().Select(x => XElement.Parse(x)).ToList();

    /// <inheritdoc/>
    public void StoreElement(XElement element, string friendlyName) => _store.AddProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
