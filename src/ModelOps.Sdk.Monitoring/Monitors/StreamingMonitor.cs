using System.Numerics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>
/// Profiles the rows a service scores, on its hot path, against a reference profile's bins, in tumbling or sliding windows.
/// Thread-safe; <see cref="Observe"/> allocates nothing and its memory depends on features × bins × stripes × sub-windows, never on
/// the number of rows.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>
/// <para><b>How rows are counted.</b> A row is read through the schema's compiled readers and its bins are found (binary search over
/// the reference's edges, a frozen-dictionary lookup for categories) without any lock; then the row is added to one of several
/// accumulators (stripes, chosen by thread) under that stripe's lock, so threads rarely contend. Counts are exact: every row lands
/// in exactly one window.</para>
/// <para><b>Windows.</b> See <see cref="StreamingMonitorOptions"/>. A sub-window closes when its rows are counted (row windows) or
/// when its time is up (time windows, on a timer of the injected <see cref="TimeProvider"/>, so a test drives it with a fake clock),
/// or when <see cref="CloseWindow"/> is called. Under concurrent writers a row-count sub-window may hold a few rows more or fewer
/// than configured (rows in flight land in the next one); with one writer it is exact.</para>
/// <para><b>Events.</b> <see cref="WindowClosed"/> is raised in window order on a background task, never on the thread that fed
/// the row that closed the window; an exception from a handler is logged and does not stop later windows.</para>
/// </remarks>
public sealed class StreamingMonitor<TInput, TOutput> : IDisposable
{
    private const int StackWidth = 128;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly RowRecorder<TInput, TOutput> _recorder;
    private readonly Stripe[] _stripes;
    private readonly int _stripeMask;
    private readonly ProfileAccumulator[] _ring;
    private readonly DateTimeOffset[] _ringStarts;
    private readonly Lock _rotateGate = new();
    private readonly TimeProvider _time;
    private readonly ITimer? _timer;
    private readonly long _rowsPerSubWindow;
    private readonly TimeSpan _subWindowLength;
    private readonly Channel<MonitorWindow> _published = Channel.CreateUnbounded<MonitorWindow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _dispatcher;
    private readonly ILogger _logger;
    private ProfileAccumulator _spare;
    private int _ringNext;
    private int _ringFilled;
    private DateTimeOffset _subWindowStart;
    private DateTimeOffset _subWindowDue;
    private long _sequence;
    private long _rowCounter;
    private MonitorWindow? _lastWindow;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="StreamingMonitor{TInput, TOutput}"/> class and starts its first window.</summary>
    /// <param name="schema">What to read from each row and output.</param>
    /// <param name="reference">The reference profile whose bins to count in (it must have the schema's features).</param>
    /// <param name="options">The windows.</param>
    /// <param name="timeProvider">The clock for time windows and window times, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">Where exceptions from <see cref="WindowClosed"/> handlers are logged, or <see langword="null"/>.</param>
    /// <exception cref="ProfileMismatchException">The reference does not have the schema's features.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public StreamingMonitor(
        MonitoringSchema<TInput, TOutput> schema,
        DataProfile reference,
        StreamingMonitorOptions options,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The streaming monitor options are invalid: " + string.Join("; ", problems) + ".", nameof(options));
        }

        Schema = schema;
        Reference = reference;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _recorder = new RowRecorder<TInput, TOutput>(schema, reference);
        var stripeCount = (int)BitOperations.RoundUpToPowerOf2((uint)(options.Stripes ?? Math.Min(Environment.ProcessorCount, 64)));
        _stripes = new Stripe[stripeCount];
        for (var i = 0; i < stripeCount; i++)
        {
            _stripes[i] = new Stripe(NewAccumulator());
        }

        _stripeMask = stripeCount - 1;
        _ring = new ProfileAccumulator[options.SubWindows];
        _ringStarts = new DateTimeOffset[options.SubWindows];
        for (var i = 0; i < _ring.Length; i++)
        {
            _ring[i] = NewAccumulator();
        }

        _spare = NewAccumulator();
        _subWindowStart = _time.GetUtcNow();
        _dispatcher = Task.Run(DispatchAsync);
        if (options.WindowRows is { } rows)
        {
            _rowsPerSubWindow = rows / options.SubWindows;
        }
        else if (options.AlignToUtcPeriods)
        {
            // Re-armed at each close for the next boundary, so the boundaries never drift with the timer's lateness.
            // The first sub-window starts now and ends at the next boundary; the timer is re-armed at each close for the next
            // boundary, so the boundaries never drift with the timer's lateness.
            _subWindowLength = options.SubWindowDuration!.Value;
            _subWindowDue = FloorToPeriod(_subWindowStart, _subWindowLength) + _subWindowLength;
            _timer = _time.CreateTimer(static state => ((StreamingMonitor<TInput, TOutput>)state!).CloseSubWindow(byTimer: true), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(_subWindowDue - _time.GetUtcNow(), Timeout.InfiniteTimeSpan);
        }
        else
        {
            var period = options.SubWindowDuration!.Value;
            _timer = _time.CreateTimer(static state => ((StreamingMonitor<TInput, TOutput>)state!).CloseSubWindow(byTimer: true), this, period, period);
        }
    }

    /// <summary>Raised, in order and on a background task, each time a window closes.</summary>
    public event EventHandler<MonitorWindowEventArgs>? WindowClosed;

    /// <summary>Gets the schema rows are read with.</summary>
    public MonitoringSchema<TInput, TOutput> Schema { get; }

    /// <summary>Gets the reference profile whose bins rows are counted in.</summary>
    public DataProfile Reference { get; }

    /// <summary>Gets the window options.</summary>
    public StreamingMonitorOptions Options { get; }

    /// <summary>Gets the last window published, or <see langword="null"/> before the first one closes.</summary>
    public MonitorWindow? LastWindow => Volatile.Read(ref _lastWindow);

    /// <summary>Gets the bytes of counting state the monitor holds (stripes, sub-windows and the spare): a function of features,
    /// bins, stripes and sub-windows only, the same after ten rows as after ten billion.</summary>
    public long StateBytes => _spare.StateBytes * (_stripes.Length + _ring.Length + 1);

    /// <summary>
    /// Counts one scored row: its input and the model's output. Thread-safe and allocation-free; a null input or output counts as
    /// a row whose fields are all missing (a bad row), never dropped.
    /// </summary>
    /// <param name="input">The input row.</param>
    /// <param name="output">The model's output for it.</param>
    public void Observe(TInput input, TOutput output)
    {
        var width = _recorder.Width;
        Scratch? scratch = null;
        var values = width <= StackWidth ? stackalloc double[width] : (scratch = GetScratch(width)).Values.AsSpan(0, width);
        var slots = width <= StackWidth ? stackalloc int[width] : (scratch ??= GetScratch(width)).Slots.AsSpan(0, width);
        var names = _recorder.HasCategories ? (scratch ??= GetScratch(width)).Names : null;
        _recorder.Read(input, output, values, slots, names);
        var stripe = _stripes[Environment.CurrentManagedThreadId & _stripeMask];
        lock (stripe.Gate)
        {
            _recorder.Apply(stripe.Accumulator, values, slots, names);
        }

        if (names is not null)
        {
            Array.Clear(names, 0, width);
        }

        if (_rowsPerSubWindow > 0 && Interlocked.Increment(ref _rowCounter) % _rowsPerSubWindow == 0)
        {
            CloseSubWindow(byTimer: false);
        }
    }

    /// <summary>Gets the profile of the current window so far: its closed sub-windows and the open one. Does not close anything.</summary>
    /// <returns>A snapshot profile.</returns>
    public DataProfile GetCurrentProfile()
    {
        var snapshot = NewAccumulator();
        lock (_rotateGate)
        {
            for (var k = 1; k < _ring.Length && k <= _ringFilled; k++)
            {
                snapshot.MergeFrom(_ring[(_ringNext - k + _ring.Length) % _ring.Length]);
            }

            foreach (var stripe in _stripes)
            {
                lock (stripe.Gate)
                {
                    snapshot.MergeFrom(stripe.Accumulator);
                }
            }
        }

        return snapshot.ToProfile();
    }

    /// <summary>Closes the open sub-window now (as its row count or time would) and publishes the window it completes.</summary>
    /// <returns>The published window.</returns>
    /// <exception cref="ObjectDisposedException">The monitor was disposed.</exception>
    public MonitorWindow CloseWindow()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return CloseSubWindow(byTimer: false);
    }

    /// <summary>Stops the window timer and the event dispatch; rows observed afterwards are still counted but no window closes.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        _published.Writer.TryComplete();
    }

    private static Scratch GetScratch(int width)
    {
        var scratch = t_scratch;
        if (scratch is null || scratch.Values.Length < width)
        {
            t_scratch = scratch = new Scratch(width);
        }

        return scratch;
    }

    private ProfileAccumulator NewAccumulator() => new(_recorder.Layouts, Reference.Features.Count);

    /// <summary>The start of the aligned period of length <paramref name="length"/> that holds <paramref name="time"/>, in UTC.</summary>
    internal static DateTimeOffset FloorToPeriod(DateTimeOffset time, TimeSpan length) =>
        new(time.UtcTicks - (time.UtcTicks % length.Ticks), TimeSpan.Zero);

    private MonitorWindow CloseSubWindow(bool byTimer)
    {
        MonitorWindow window;
        lock (_rotateGate)
        {
            var closed = _spare;
            foreach (var stripe in _stripes)
            {
                lock (stripe.Gate)
                {
                    closed.MergeFrom(stripe.Accumulator);
                    stripe.Accumulator.Reset();
                }
            }

            var now = _time.GetUtcNow();
            if (byTimer && _subWindowLength > TimeSpan.Zero)
            {
                // An aligned sub-window ends on its boundary even when the timer fires a little early or late; rows counted between
                // the boundary and a late timer stay in the closing window (rows carry no time of their own).
                var boundary = FloorToPeriod(now, _subWindowLength);
                now = boundary > _subWindowDue ? boundary : _subWindowDue;
                _subWindowDue = now + _subWindowLength;
                _timer!.Change(_subWindowDue - _time.GetUtcNow(), Timeout.InfiniteTimeSpan);
            }

            _spare = _ring[_ringNext];
            _spare.Reset();
            _ring[_ringNext] = closed;
            _ringStarts[_ringNext] = _subWindowStart;
            _subWindowStart = now;
            _ringNext = (_ringNext + 1) % _ring.Length;
            _ringFilled = Math.Min(_ringFilled + 1, _ring.Length);

            var merged = NewAccumulator();
            var oldest = (_ringNext - _ringFilled + _ring.Length) % _ring.Length;
            for (var k = 0; k < _ringFilled; k++)
            {
                merged.MergeFrom(_ring[(oldest + k) % _ring.Length]);
            }

            window = new MonitorWindow(++_sequence, _ringStarts[oldest], now, _ringFilled, merged.ToProfile());
            Volatile.Write(ref _lastWindow, window);
            _published.Writer.TryWrite(window);
        }

        return window;
    }

    private async Task DispatchAsync()
    {
        await foreach (var window in _published.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                WindowClosed?.Invoke(this, new MonitorWindowEventArgs(window));
            }
#pragma warning disable CA1031 // A handler's failure must not stop later windows from being published.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                MonitorLog.HandlerFailed(_logger, ex, window.Sequence);
            }
        }
    }

    private sealed class Stripe(ProfileAccumulator accumulator)
    {
        public Lock Gate { get; } = new();

        public ProfileAccumulator Accumulator { get; } = accumulator;
    }

    private sealed class Scratch(int width)
    {
        public double[] Values { get; } = new double[width];

        public int[] Slots { get; } = new int[width];

        public string?[] Names { get; } = new string?[width];
    }
}
