using System.Reflection;

// Package nanoFramework.System.Net.Http.Client 1.5.200 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.5.200.0")]
