// nanoframework/System.Net, nanoFramework.System.Net/X509Certificates/X509Certificate.cs @ 713b02c9
namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate) => throw new NotImplementedException();
    }
}
