// nanoframework/System.IO.Ports, System.IO.Ports/SerialDataReceivedEventHandler.cs @ e3fcbb11188271f15c64109194b016f944569597
namespace System.IO.Ports
{
    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);
}
