using System.Reflection;

// Package nanoFramework.TestFramework 3.0.77 (tests/NFUnitTest/packages.config names the same version).
[assembly: AssemblyVersion("3.0.77.0")]
