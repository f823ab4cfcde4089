using System.Reflection;

// Package nanoFramework.System.Net 1.11.54 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.11.54.0")]
