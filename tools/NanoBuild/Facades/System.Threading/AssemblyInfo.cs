using System.Reflection;

// Package nanoFramework.System.Threading 1.1.52 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.1.52.0")]
