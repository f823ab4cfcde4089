// nanoframework/nanoFramework.TestFramework, source/TestFramework/TestFramework.cs @ 125b75002ef6b6f7fa6634d00095c4534bbfa984, TestMethodAttribute.cs @ bcb4be286189788d7e0a70e12918fecd1af57a04
namespace nanoFramework.TestFramework
{
    [System.AttributeUsage(System.AttributeTargets.Class)]
    public sealed class TestClassAttribute : System.Attribute
    {
    }

    [System.AttributeUsage(System.AttributeTargets.Method)]
    public class TestMethodAttribute : System.Attribute
    {
    }
}
