// nanoframework/nanoFramework.TestFramework, source/TestFramework/Assert.cs @ 02673cc5c3ba329713dbcc4f3ac57154805186ca, Assert.NoGenerics.AreEqual.cs @ 6bf38c2e410582368e944ebfbacd7f5dec4ebd33
namespace nanoFramework.TestFramework
{
    public sealed class Assert
    {
        public static void IsTrue(bool condition, string message = "") => throw new System.NotImplementedException();

        public static void AreEqual(int expected, int actual, string message = "") => throw new System.NotImplementedException();

        public static void AreEqual(string expected, string actual, string message = "") => throw new System.NotImplementedException();
    }
}
