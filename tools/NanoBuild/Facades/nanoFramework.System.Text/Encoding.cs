// nanoframework/System.Text, nanoFramework.System.Text/Text/Encoding.cs @ 0b6815f0ca549eb1bb4224fcff5eb5afc5b6b752 (only passed as null: StringContent then uses UTF-8)
namespace System.Text
{
    public abstract class Encoding
    {
        protected Encoding() => throw new NotImplementedException();
    }
}
