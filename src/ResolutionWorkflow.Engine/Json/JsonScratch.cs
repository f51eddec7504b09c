using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ResolutionWorkflow.Engine.Json;

/// <summary>
/// A buffer and a JSON writer over it (canonical options), reused on the same thread. Every
/// accepted command writes several small JSON values per event — its data, the hashed form of its
/// journal entry, its outbox payload — and a new buffer and writer for each allocated more than
/// the values themselves. Dispose hands it back.
/// </summary>
public sealed class JsonScratch : IDisposable
{
    private const int KeptCapacity = 64 * 1024;

    // Two per thread: the hash of an entry is written while its data is still held.
    [ThreadStatic] private static JsonScratch? _spare1;
    [ThreadStatic] private static JsonScratch? _spare2;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    private JsonScratch() => Writer = new Utf8JsonWriter(_buffer, CanonicalJson.WriterOptions);

    public Utf8JsonWriter Writer { get; }

    /// <summary>What was written so far, as UTF-8.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            Writer.Flush();
            return _buffer.WrittenSpan;
        }
    }

    public static JsonScratch Rent()
    {
        var scratch = _spare1 ?? _spare2 ?? new JsonScratch();
        if (ReferenceEquals(scratch, _spare1)) { _spare1 = null; }
        else if (ReferenceEquals(scratch, _spare2)) { _spare2 = null; }
        return scratch;
    }

    public override string ToString() => Encoding.UTF8.GetString(Written);

    public void Dispose()
    {
        Writer.Reset(_buffer);
        _buffer.ResetWrittenCount();
        if (_buffer.Capacity > KeptCapacity) { return; } // a rare large value is not kept for the thread's life
        if (_spare1 is null) { _spare1 = this; }
        else { _spare2 ??= this; }
    }
}
