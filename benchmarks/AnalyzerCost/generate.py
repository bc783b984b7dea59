#!/usr/bin/env python3
"""Writes a large synthetic consumer project for measuring analyzer cost (see run.sh).

Shape: FILES files of CLASSES classes with METHODS ordinary methods each (no boundary involved), plus one boundary
with FUNCTIONS functions (one handle type) and CALLERS methods that call it in realistic ways (using, try/finally,
consume, loops, native memory handed to a [Retained] parameter). The boundary's library is described by a C header
(cost.h, a <ForeignContract>: the contract check runs) and the project records its shipped ABI (BoundaryAbi.Shipped.txt:
the shipped-ABI check runs); both agree with the declarations, so a clean build reports nothing from either.
"""
import os, sys

out, feed, version, native = sys.argv[1:5]
FILES, CLASSES, METHODS = 40, 5, 12
BOUNDARY = int(os.environ.get("FUNCTIONS", "200"))
CALLERS = int(os.environ.get("CALLERS", "400"))
if BOUNDARY < 5:
    sys.exit("FUNCTIONS must be at least 5 (one of each shape)")

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
    <ForeignContract Include="cost.h" Library="cost" />
    <AdditionalFiles Include="BoundaryAbi.Shipped.txt" />
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
abi = []  # the C declaration each function's stub calls (what BND4102 would record)
for b in range(BOUNDARY):
    kind = b % 5
    if kind == 0:
        decl.append(f"    public static partial H New{b}(long seed);")
        abi.append(f"void* cost_new{b}(int64_t);")
    elif kind == 1:
        decl.append(f"    public static partial long Use{b}(H h, int x);")
        abi.append(f"int64_t cost_use{b}(void*, int32_t);")
    elif kind == 2:
        decl.append(f"    public static partial void Consume{b}([Consumed] H h);")
        abi.append(f"void cost_consume{b}(void*);")
    elif kind == 3:
        decl.append(f"    public static partial NativeBuffer<int> Data{b}(H h);")
        abi.append(f"boundary_buffer cost_data{b}(void*);")
    else:
        decl.append(f"    public static unsafe partial void Keep{b}([Retained] byte* data, nuint length);")
        abi.append(f"void cost_keep{b}(uint8_t*, uintptr_t);")
decl.append("}")
open(os.path.join(out, "Boundary.cs"), "w").write("\n".join(decl) + "\n")
open(os.path.join(out, "cost.h"), "w").write("\n".join(
    ["#include <stddef.h>", "#include <stdint.h>", "", "typedef struct { void* ptr; size_t len; } boundary_buffer;", "void cost_h_free(void*);", "void cost_buffer_free(void*);"]
    + abi) + "\n")
open(os.path.join(out, "BoundaryAbi.Shipped.txt"), "w").write("\n".join(sorted(abi, key=lambda d: d.split("(")[0].split()[-1].lstrip("*"))) + "\n")

calls = ["using Boundary;", "namespace Cost.Native;", "", "public static class Callers", "{"]
for k in range(CALLERS):
    n, u, c, d, r = (5 * (k % (BOUNDARY // 5)) + i for i in range(5))
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
