// nanoframework/System.Threading, nanoFramework.System.Threading/CancellationToken.cs @ ebe97804
namespace System.Threading
{
    public struct CancellationToken
    {
    }

    public class CancellationTokenSource
    {
        public CancellationTokenSource(int millisecondsDelay) => throw new NotImplementedException();

        public CancellationToken Token => throw new NotImplementedException();
    }
}
