using System.Collections.Concurrent;
using Boundary;
using Boundary.Interop;

namespace BoundaryAnalyzers.Tests.Runtime;

/// <summary>
/// The table behind every callback's and operation's <c>user_data</c>: a token names its target until it is released,
/// exactly one releaser wins, a stale token never reaches another registration's target, and a callback's exception is
/// kept for the stub to rethrow with its stack trace. Hostile callers: stale and forged tokens, racing claims.
/// </summary>
[Collection(nameof(CallbackTableTests))]
public class CallbackTableTests
{
    [Fact]
    public void A_token_names_its_target_until_it_is_released_and_then_nothing()
    {
        Func<int, int> target = x => x + 1;
        nint token = CallbackTable.Register(target);
        token.Should().NotBe(0);
        ((ulong)token).Should().BeGreaterThanOrEqualTo(0x8000_0000_0000_0000UL, "a token must never look like a small or Go-heap pointer to Go's runtime");
        CallbackTable.Get<Func<int, int>>(token).Should().BeSameAs(target);

        long stale = ForeignCallbacks.StaleCalls;
        CallbackTable.Release(token).Should().BeTrue();
        CallbackTable.Get<Func<int, int>>(token).Should().BeNull();
        CallbackTable.Release(token).Should().BeFalse("a second release is stale");
        ForeignCallbacks.StaleCalls.Should().Be(stale + 2);
    }

    [Fact]
    public void A_reused_slot_does_not_answer_the_old_token()
    {
        nint first = CallbackTable.Register(new object());
        CallbackTable.Release(first);

        // The thread's last released slot is taken first: the same slot, a new generation.
        var second = new Action(() => { });
        nint token = CallbackTable.Register(second);
        ((long)token & 0xFFFFFFFF).Should().Be((long)first & 0xFFFFFFFF, "the freed slot is reused");
        token.Should().NotBe(first);
        CallbackTable.Get<Action>(first).Should().BeNull();
        CallbackTable.Get<object>(first).Should().BeNull();
        CallbackTable.Get<Action>(token).Should().BeSameAs(second);
        CallbackTable.Release(token);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(0x7FFF_FFFFL)]
    [InlineData(0x1234_5678_0000_0001L)]
    [InlineData(0x0000_0000_0000_0001L)] // index 0, generation 0, but without the tag
    [InlineData(unchecked((long)0x8000_0000_0FFF_FFFFUL))]
    public void Forged_tokens_find_nothing(long token)
    {
        CallbackTable.Get<object>((nint)token).Should().BeNull();
        CallbackTable.Claim<object>((nint)token).Should().BeNull();
    }

    [Fact]
    public void A_target_of_another_type_is_not_returned()
    {
        nint token = CallbackTable.Register(new Func<int, int>(x => x));
        CallbackTable.Get<Action<int>>(token).Should().BeNull();
        CallbackTable.Release(token).Should().BeTrue();
    }

    [Fact]
    public void Exactly_one_of_many_racing_claims_wins()
    {
        for (int round = 0; round < 200; round++)
        {
            var target = new object();
            nint token = CallbackTable.Register(target);
            int winners = 0;
            using var start = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                if (CallbackTable.Claim<object>(token) is { } won)
                {
                    won.Should().BeSameAs(target);
                    Interlocked.Increment(ref winners);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            winners.Should().Be(1);
        }
    }

    [Fact]
    public void Concurrent_registrations_never_share_a_token_and_all_are_released()
    {
        int live = ForeignCallbacks.Live;
        var seen = new ConcurrentDictionary<nint, byte>();
        Parallel.For(0, 8, _ =>
        {
            var mine = new List<(nint, object)>();
            for (int i = 0; i < 5_000; i++)
            {
                var target = new object();
                nint token = CallbackTable.Register(target);
                seen.TryAdd(token, 0).Should().BeTrue("a token is never handed out twice while live or reused with the same generation");
                mine.Add((token, target));
                if (mine.Count > 50)
                {
                    foreach (var (t, o) in mine)
                    {
                        CallbackTable.Get<object>(t).Should().BeSameAs(o);
                        CallbackTable.Release(t).Should().BeTrue();
                    }

                    mine.Clear();
                }
            }

            foreach (var (t, _) in mine)
            {
                CallbackTable.Release(t);
            }
        });

        ForeignCallbacks.Live.Should().Be(live);
    }

    [Fact]
    public void The_table_grows_past_a_segment_and_keeps_every_target()
    {
        int live = ForeignCallbacks.Live;
        var targets = Enumerable.Range(0, 3_000).Select(i => (object)i).ToList();
        var tokens = targets.Select(CallbackTable.Register).ToList();
        for (int i = 0; i < tokens.Count; i++)
        {
            CallbackTable.Get<object>(tokens[i]).Should().BeSameAs(targets[i]);
        }

        ForeignCallbacks.Live.Should().Be(live + 3_000);
        tokens.ForEach(t => CallbackTable.Release(t));
        ForeignCallbacks.Live.Should().Be(live);
    }

    [Fact]
    public void A_captured_exception_is_rethrown_once_with_its_stack_trace_and_silences_the_callback()
    {
        nint token = CallbackTable.Register(new Action(() => { }));
        try
        {
            CallbackTable.Capture(token, Thrown());
            CallbackTable.Get<Action>(token).Should().BeNull("a callback that threw is not run again during the call");
            CallbackTable.Capture(token, new TimeoutException("second"));

            var thrown = FluentActions.Invoking(() => CallbackTable.ThrowIfFailed(token)).Should().Throw<InvalidOperationException>().Which;
            thrown.Message.Should().Be("first");
            thrown.StackTrace.Should().Contain(nameof(Thrower));
            FluentActions.Invoking(() => CallbackTable.ThrowIfFailed(token)).Should().NotThrow();
        }
        finally
        {
            CallbackTable.Release(token);
        }
    }

    private static Exception Thrown()
    {
        try
        {
            Thrower();
        }
        catch (Exception e)
        {
            return e;
        }

        return null!;
    }

    private static void Thrower() => throw new InvalidOperationException("first");
}
