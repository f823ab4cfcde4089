using System.Reflection;

// Package nanoFramework.System.Collections 1.5.67 (packages.config of hal/Nano names the same version).
[assembly: AssemblyVersion("1.5.67.0")]
