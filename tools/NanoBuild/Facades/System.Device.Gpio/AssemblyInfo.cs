using System.Reflection;

// Package nanoFramework.System.Device.Gpio 1.1.57 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.1.57.0")]
