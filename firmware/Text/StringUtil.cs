using System;
using System.Text;

namespace NfBond.Firmware.Text;

/// <summary>
/// String operations nanoFramework 1.x lacks (<c>Replace</c>, <c>Split(string)</c>, prefix tests at an
/// offset), written only with members it has.
/// </summary>
public static class StringUtil
{
    /// <summary>
    /// A string array with every element set to <paramref name="fill"/>. On nanoFramework the fresh
    /// elements of <c>new string[n]</c> are not real nulls (comparing one crashes the runtime).
    /// </summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="fill">The value of each element.</param>
    /// <returns>The array.</returns>
    public static string[] NewArray(int length, string fill)
    {
        string[] array = new string[length];
        for (int i = 0; i < length; i++)
        {
            array[i] = fill;
        }

        return array;
    }

    /// <summary>Splits on every <paramref name="separator"/>, keeping empty fields.</summary>
    /// <param name="value">The text.</param>
    /// <param name="separator">The field separator.</param>
    /// <returns>The fields; "a,,b" gives three, "" gives one empty field.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string[] Split(string value, char separator)
    {
        if (value == null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        int fields = 1;
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == separator)
            {
                fields++;
            }
        }

        string[] result = new string[fields];
        for (int field = 0, start = 0; field < fields; field++)
        {
            int end = field < fields - 1 ? value.IndexOf(separator, start) : value.Length;
            result[field] = value.Substring(start, end - start);
            start = end + 1;
        }

        return result;
    }

    /// <summary>Splits on every occurrence of a multi-character <paramref name="separator"/>.</summary>
    /// <param name="value">The text.</param>
    /// <param name="separator">The separator; must not be empty.</param>
    /// <returns>The fields, keeping empty ones.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="separator"/> is empty.</exception>
    public static string[] Split(string value, string separator)
    {
        if (value == null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        RequireNonEmpty(separator, nameof(separator));
        int fields = 1;
        int at = value.IndexOf(separator);
        while (at >= 0)
        {
            fields++;
            at = value.IndexOf(separator, at + separator.Length);
        }

        string[] result = new string[fields];
        for (int field = 0, start = 0; field < fields; field++)
        {
            int end = field < fields - 1 ? value.IndexOf(separator, start) : value.Length;
            result[field] = value.Substring(start, end - start);
            start = end + separator.Length;
        }

        return result;
    }

    /// <summary>Replaces every occurrence of <paramref name="oldValue"/>, scanning left to right.</summary>
    /// <param name="value">The text.</param>
    /// <param name="oldValue">What to replace; must not be empty.</param>
    /// <param name="newValue">The replacement; null means remove.</param>
    /// <returns>The new text, or <paramref name="value"/> itself when nothing matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> or <paramref name="oldValue"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="oldValue"/> is empty.</exception>
    public static string Replace(string value, string oldValue, string? newValue)
    {
        if (value == null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        RequireNonEmpty(oldValue, nameof(oldValue));
        int at = value.IndexOf(oldValue);
        if (at < 0)
        {
            return value;
        }

        StringBuilder builder = new StringBuilder(value.Length);
        int start = 0;
        while (at >= 0)
        {
            builder.Append(value, start, at - start);
            if (newValue != null)
            {
                builder.Append(newValue);
            }

            start = at + oldValue.Length;
            at = value.IndexOf(oldValue, start);
        }

        builder.Append(value, start, value.Length - start);
        return builder.ToString();
    }

    /// <summary>Tests whether <paramref name="prefix"/> occurs in <paramref name="value"/> at <paramref name="index"/>.</summary>
    /// <param name="value">The characters.</param>
    /// <param name="index">Where the prefix should start.</param>
    /// <param name="prefix">The expected characters.</param>
    /// <returns>True on an exact match; false past the end. Allocates nothing.</returns>
    public static bool MatchesAt(char[] value, int index, string prefix)
    {
        if (index < 0 || index + prefix.Length > value.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (value[index + i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Joins <paramref name="parts"/> with <paramref name="separator"/> between them.</summary>
    /// <param name="separator">Placed between parts.</param>
    /// <param name="parts">The parts; null entries count as empty.</param>
    /// <returns>The joined text.</returns>
    public static string Join(string separator, string[] parts)
    {
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            builder.Append(parts[i]);
        }

        return builder.ToString();
    }

    private static void RequireNonEmpty(string argument, string name)
    {
        if (argument == null)
        {
            throw new ArgumentNullException(name);
        }

        if (argument.Length == 0)
        {
            throw new ArgumentException("must not be empty", name);
        }
    }
}
