using System.Reflection;

// Package nanoFramework.System.IO.FileSystem 1.1.87 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.1.87.0")]
