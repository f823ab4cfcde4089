// nanoframework/System.Collections, nanoFramework.System.Collections/Collections/Hashtable.cs @ 0ff919fbd9fb8aacca363973b1348309da84997d
namespace System.Collections
{
    public class Hashtable
    {
        public Hashtable() => throw new NotImplementedException();

        public int Count => throw new NotImplementedException();

        public object this[object key]
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public void Add(object key, object value) => throw new NotImplementedException();

        public bool Contains(object key) => throw new NotImplementedException();

        public void Remove(object key) => throw new NotImplementedException();
    }
}
