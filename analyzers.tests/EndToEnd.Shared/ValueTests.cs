namespace BoundaryAnalyzers.EndToEnd;

/// <summary>Every value type of SPEC section 3 crosses both ways with the exact bits intended.</summary>
public sealed class ValueTests
{
    [Fact]
    public void Integers_of_every_width_cross_and_wrap_like_native_code()
    {
        Lib.AddI8(sbyte.MaxValue, 1).Should().Be(sbyte.MinValue);
        Lib.AddU8(byte.MaxValue, 1).Should().Be(0);
        Lib.AddI16(-300, 100).Should().Be(-200);
        Lib.AddU16(ushort.MaxValue, 2).Should().Be(1);
        Lib.AddI32(int.MaxValue, 1).Should().Be(int.MinValue);
        Lib.AddU32(uint.MaxValue, 1).Should().Be(0u);
        Lib.AddI64(long.MinValue, -1).Should().Be(long.MaxValue);
        Lib.AddU64(ulong.MaxValue - 1, 1).Should().Be(ulong.MaxValue);
        Lib.AddIsize(-5, 3).Should().Be(-2);
        Lib.AddUsize(nuint.MaxValue, 1).Should().Be(0);
    }

    [Fact]
    public void Floats_cross_without_widening_or_rounding()
    {
        Lib.AddF32(0.1f, 0.2f).Should().Be(0.1f + 0.2f);
        Lib.AddF64(0.1, 0.2).Should().Be(0.1 + 0.2);
        double.IsNaN(Lib.AddF64(double.NaN, 1)).Should().BeTrue();
        Lib.AddF64(double.PositiveInfinity, 1).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void Bool_is_one_byte_holding_exactly_zero_or_one()
    {
        Lib.BoolByte(true).Should().Be(1);
        Lib.BoolByte(false).Should().Be(0);
        Lib.Not(true).Should().BeFalse();
        Lib.Not(false).Should().BeTrue();
        foreach (bool a in new[] { false, true })
        {
            foreach (bool b in new[] { false, true })
            {
                foreach (bool c in new[] { false, true })
                {
                    Lib.And3(a, b, c).Should().Be(a && b && c, $"and3({a}, {b}, {c})");
                }
            }
        }
    }

    [Fact]
    public void Enums_cross_as_their_underlying_type()
    {
        Lib.NextColor(Color.Red).Should().Be(Color.Green);
        Lib.NextColor(Color.Blue).Should().Be(Color.Red);
        Lib.DoubleShade(Shade.Light).Should().Be(Shade.Dark);
    }

    [Fact]
    public void Blittable_structs_cross_by_value_with_native_layout_and_padding()
    {
        Lib.Vec3Scale(new Vec3(1, -2, 3.5), 2).Should().Be(new Vec3(2, -4, 7));
        Lib.Vec3Dot(new Vec3(1, 2, 3), new Vec3(4, -5, 6)).Should().Be(12);

        Mixed stepped = Lib.MixedStep(new Mixed { Tag = 255, Value = 21, Small = short.MinValue, Big = 1L << 40, Flag = 1 });
        stepped.Tag.Should().Be(0);
        stepped.Value.Should().Be(42);
        stepped.Small.Should().Be(short.MaxValue);
        stepped.Big.Should().Be((1L << 40) + 100);
        stepped.Flag.Should().Be(0);

        var segment = new Segment { A = new Vec3(0, 0, 0), B = new Vec3(3, 4, 0), Id = 1000 };
        Lib.SegmentLength(segment).Should().Be(1005);
    }

    [Fact]
    public void Out_parameters_receive_native_writes()
    {
        Lib.Divmod(17, 5, out int quot, out int rem).Should().BeTrue();
        (quot, rem).Should().Be((3, 2));
        Lib.Divmod(-7, 2, out quot, out rem).Should().BeTrue();
        (quot, rem).Should().Be((-3, -1));
        Lib.Divmod(1, 0, out _, out _).Should().BeFalse();

        Lib.MakeVec3(1, 2, 3, out Vec3 made);
        made.Should().Be(new Vec3(1, 2, 3));
    }

    [Fact]
    public void Ref_parameters_are_read_and_written_in_place()
    {
        long value = 40;
        Lib.Increment(ref value, 2);
        value.Should().Be(42);

        bool flag = false;
        Lib.Flip(ref flag);
        flag.Should().BeTrue();
        Lib.Flip(ref flag);
        flag.Should().BeFalse();

        var v = new Vec3(3, 0, 4);
        Lib.Vec3Normalize(ref v);
        v.X.Should().BeApproximately(0.6, 1e-12);
        v.Z.Should().BeApproximately(0.8, 1e-12);
    }
}
