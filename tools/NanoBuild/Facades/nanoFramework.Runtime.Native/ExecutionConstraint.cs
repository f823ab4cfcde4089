// nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/ExecutionConstraint.cs @ 17c93f5c72ef1ac48d5f61895609152ff288e89a
namespace nanoFramework.Runtime.Native
{
    public class ConstraintException : System.Exception
    {
    }

    public static class ExecutionConstraint
    {
        public static void Install(int timeoutMilliseconds, int priority) => throw new System.NotImplementedException();
    }
}
