// nanoframework/System.IO.Ports, System.IO.Ports/SerialDataReceivedEventArgs.cs @ 4a625310afa23d40b383f2737d7d82183d814529
namespace System.IO.Ports
{
    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs() => throw new NotImplementedException();
    }
}
