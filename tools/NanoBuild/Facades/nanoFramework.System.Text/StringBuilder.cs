// nanoframework/System.Text, nanoFramework.System.Text/Text/StringBuilder.cs @ 0b6815f0ca549eb1bb4224fcff5eb5afc5b6b752
namespace System.Text
{
    public sealed class StringBuilder
    {
        public StringBuilder() => throw new NotImplementedException();

        public StringBuilder(int capacity) => throw new NotImplementedException();

        public int Length
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public StringBuilder Append(string value) => throw new NotImplementedException();

        public StringBuilder Append(char value) => throw new NotImplementedException();

        public StringBuilder Append(string value, int startIndex, int count) => throw new NotImplementedException();

        public override string ToString() => throw new NotImplementedException();
    }
}
