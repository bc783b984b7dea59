#!/usr/bin/env python3
"""Writes a large synthetic consumer project for measuring analyzer cost (see run.sh).

Shape: FILES files of CLASSES classes with METHODS ordinary methods each (no boundary involved), plus one boundary
with BOUNDARY functions and CALLERS methods that call it in realistic ways (using, try/finally, consume, loops,
native memory handed to a [Retained] parameter).
"""
import os, sys

out, feed, version, native = sys.argv[1:5]
FILES, CLASSES, METHODS, BOUNDARY = 40, 5, 12, 200
CALLERS = int(os.environ.get("CALLERS", "400"))

os.makedirs(out, exist_ok=True)
open(os.path.join(out, "nuget.config"), "w").write(f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="{feed}" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
""")
open(os.path.join(out, "Cost.csproj"), "w").write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Library</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>$(NoWarn);CS1591</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="BoundaryAnalyzers" Version="{version}" />
  </ItemGroup>
</Project>
""")

for f in range(FILES):
    lines = ["namespace Cost.Plain;", ""]
    for c in range(CLASSES):
        lines.append(f"public sealed class Worker{f}_{c}")
        lines.append("{")
        lines.append("    private readonly List<int> items = new();")
        for m in range(METHODS):
            lines.append(f"""    public int Step{m}(int x)
    {{
        var total = 0;
        for (var i = 0; i < x; i++) {{ if (i % 3 == 0) total += i; else total -= 1; }}
        using var stream = new MemoryStream();
        stream.WriteByte((byte)total);
        items.Add(total);
        return total + items.Count;
    }}""")
        lines.append("}")
    open(os.path.join(out, f"Plain{f}.cs"), "w").write("\n".join(lines) + "\n")

decl = ["using Boundary;", "namespace Cost.Native;", "",
        '[ForeignHandle(Release = "cost_h_free")]', "public sealed partial class H;", "",
        '[ForeignBoundary("cost")]', "internal static partial class Lib", "{"]
for b in range(BOUNDARY):
    kind = b % 5
    if kind == 0: decl.append(f"    public static partial H New{b}(long seed);")
    elif kind == 1: decl.append(f"    public static partial long Use{b}(H h, int x);")
    elif kind == 2: decl.append(f"    public static partial void Consume{b}([Consumed] H h);")
    elif kind == 3: decl.append(f"    public static partial NativeBuffer<int> Data{b}(H h);")
    else: decl.append(f"    public static unsafe partial void Keep{b}([Retained] byte* data, nuint length);")
decl.append("}")
open(os.path.join(out, "Boundary.cs"), "w").write("\n".join(decl) + "\n")

calls = ["using Boundary;", "namespace Cost.Native;", "", "public static class Callers", "{"]
for k in range(CALLERS):
    n, u, c, d, r = (5 * (k % 40) + i for i in range(5))
    calls.append(f"""    public static long Call{k}(int x, bool flag)
    {{
        using var a = Lib.New{n}(x);
        var b = Lib.New{n}(x + 1);
        long total = Lib.Use{u}(a, x);
        try
        {{
            for (var i = 0; i < x; i++) {{ total += Lib.Use{u}(b, i); }}
            using var data = Lib.Data{d}(a);
            total += data.Span.Length;
        }}
        finally
        {{
            if (flag) Lib.Consume{c}(b); else b.Dispose();
        }}
        unsafe
        {{
            byte* block = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(16);
            Lib.Keep{r}(block, 16);
        }}
        return total;
    }}""")
calls.append("}")
open(os.path.join(out, "Callers.cs"), "w").write("\n".join(calls) + "\n")
print(f"{FILES * CLASSES * METHODS} plain methods in {FILES} files, {BOUNDARY} boundary functions, {CALLERS} calling methods")
