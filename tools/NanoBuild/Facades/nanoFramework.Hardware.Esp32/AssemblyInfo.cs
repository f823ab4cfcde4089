using System.Reflection;

// Package nanoFramework.Hardware.Esp32 1.6.37 (hal/Nano/packages.config names the same version).
[assembly: AssemblyVersion("1.6.37.0")]
