using System.Reflection;

// Package nanoFramework.Runtime.Native 1.7.11 (packages.config of hal/Nano names the same version).
[assembly: AssemblyVersion("1.7.11.0")]
