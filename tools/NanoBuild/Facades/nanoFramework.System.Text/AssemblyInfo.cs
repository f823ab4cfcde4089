using System.Reflection;

// Package nanoFramework.System.Text 1.3.42 (packages.config of hal/Nano names the same version).
[assembly: AssemblyVersion("1.3.42.0")]
