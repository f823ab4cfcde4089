using System.Reflection;

// Package nanoFramework.M2Mqtt 5.1.221 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("5.1.221.0")]
