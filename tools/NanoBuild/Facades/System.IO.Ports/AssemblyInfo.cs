using System.Reflection;

// Package nanoFramework.System.IO.Ports 1.1.34 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.1.34.0")]
