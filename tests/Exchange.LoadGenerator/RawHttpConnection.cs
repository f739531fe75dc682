using System.Net.Sockets;
using System.Text;

namespace Exchange.LoadGenerator;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends prepared requests and reads just enough of each answer to know its
/// status and where it ends. The load generator shares two cores with the silo and PostgreSQL; a lean client leaves
/// them the CPU that HttpClient and JSON would spend, so the figures measure the exchange rather than the harness.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawHttpConnection(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
        return new RawHttpConnection(socket);
    }

    /// <summary>A POST request with a JSON body, as bytes ready to send.</summary>
    public static byte[] Post(Uri server, string path, string key, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends one request and reads its whole answer; returns the status code.</summary>
    public async Task<int> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(request, cancellationToken);
        var headerEnd = await FindAsync("\r\n\r\n"u8.ToArray(), cancellationToken);
        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        var status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var length = HeaderValue(head, "content-length");
        if (length is not null)
        {
            await SkipAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }
        else if (HeaderValue(head, "transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (true)
            {
                var lineEnd = await FindAsync("\r\n"u8.ToArray(), cancellationToken);
                var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0], 16);
                _start = lineEnd + 2;
                await SkipAsync(size + 2, cancellationToken);
                if (size == 0)
                {
                    break;
                }
            }
        }

        return status;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private static string? HeaderValue(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Reads until <paramref name="marker"/> is buffered; returns its offset in the buffer.</summary>
    private async Task<int> FindAsync(byte[] marker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (found >= 0)
            {
                return _start + found;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task SkipAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            _start = _end;
            await FillAsync(cancellationToken);
        }

        _start += count;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("An HTTP answer's head is larger than the buffer.");
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
