using System.Reflection;
using System.Runtime.CompilerServices;

namespace NfBond.Benchmarks;

/// <summary>
/// Estimates what an object graph built on .NET occupies on a nanoFramework heap, by nanoFramework's
/// layout: one heap block per object header and one per field or reference-array element (value-type
/// fields inline, one block each), primitive arrays packed after their header, strings stored as UTF-8
/// plus a terminator. A 32-bit MCU's blocks are 12 bytes (the 64-bit nanoCLR's are 24).
/// </summary>
/// <remarks>
/// Objects are charged to the first root that reaches them; a walk does not enter another root or
/// anything <see cref="Stop"/> names (the platform's own parts: they differ per board).
/// </remarks>
public sealed class NanoHeapEstimator
{
    /// <summary>Bytes per heap block on a 32-bit MCU.</summary>
    public const int BlockBytes = 12;

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _roots = new(ReferenceEqualityComparer.Instance);

    /// <summary>Gets or sets a test for objects that are not counted nor entered.</summary>
    public Func<object, bool> Stop { get; set; } = _ => false;

    /// <summary>Marks objects as roots of their own, so another root's walk stops at them.</summary>
    public void AddRoots(IEnumerable<object> roots)
    {
        foreach (object root in roots)
        {
            _roots.Add(root);
        }
    }

    /// <summary>Gets the bytes per type name of the last <see cref="Measure"/>, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> LastByType { get; private set; } = [];

    /// <summary>Estimates the bytes first reached from <paramref name="root"/>.</summary>
    public long Measure(object root)
    {
        long blocks = 0;
        Dictionary<string, long> byType = [];
        Stack<object> pending = new();
        pending.Push(root);
        while (pending.Count > 0)
        {
            object item = pending.Pop();
            if ((!ReferenceEquals(item, root) && _roots.Contains(item)) || Stop(item) || !_seen.Add(item))
            {
                continue;
            }

            long own = Blocks(item, pending);
            blocks += own;
            string name = TypeName(item.GetType());
            byType[name] = byType.GetValueOrDefault(name) + (own * BlockBytes);
        }

        LastByType = byType.OrderByDescending(p => p.Value).ToList();
        return blocks * BlockBytes;
    }

    private static long Blocks(object item, Stack<object> pending)
    {
        switch (item)
        {
            case string text:
                return 1 + Packed(System.Text.Encoding.UTF8.GetByteCount(text) + 1);
            case Array array when array.GetType().GetElementType()!.IsPrimitive:
                return 1 + Packed(array.Length * Marshal(array.GetType().GetElementType()!));
            case Array array:
                foreach (object? element in array)
                {
                    if (element != null)
                    {
                        pending.Push(element);
                    }
                }

                return 1 + array.Length;
            case Delegate callback:
                // Target and method, plus the chain of a multicast delegate.
                foreach (Delegate single in callback.GetInvocationList())
                {
                    if (single.Target != null)
                    {
                        pending.Push(single.Target);
                    }
                }

                return 1 + (2 * callback.GetInvocationList().Length);
        }

        long fields = 0;
        for (Type? type = item.GetType(); type != null && type != typeof(object); type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                fields++;
                if (!field.FieldType.IsValueType && field.GetValue(item) is { } value)
                {
                    pending.Push(value);
                }
            }
        }

        return 1 + fields;
    }

    private static string TypeName(Type type) =>
        type.Name.StartsWith('<') ? type.FullName! : type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(",", type.GetGenericArguments().Select(TypeName)) + ">" : type.Name;

    private static long Packed(long bytes) => (bytes + BlockBytes - 1) / BlockBytes;

    private static int Marshal(Type primitive) => primitive == typeof(char) ? 2 : primitive == typeof(bool) ? 1 : Unsafe.SizeOf<nint>() == 8 && (primitive == typeof(nint) || primitive == typeof(nuint)) ? 4 : System.Runtime.InteropServices.Marshal.SizeOf(primitive);
}
