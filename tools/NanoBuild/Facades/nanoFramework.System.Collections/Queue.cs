// nanoframework/System.Collections, nanoFramework.System.Collections/Collections/Queue.cs @ 2fbc33fe794f04e41664f8a648c06af39e1814fd
namespace System.Collections
{
    public class Queue
    {
        public Queue() => throw new NotImplementedException();

        public virtual int Count => throw new NotImplementedException();

        public virtual void Enqueue(object obj) => throw new NotImplementedException();

        public virtual object Dequeue() => throw new NotImplementedException();
    }
}
