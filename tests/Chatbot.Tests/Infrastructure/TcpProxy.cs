using System.Net;
using System.Net.Sockets;

namespace Chatbot.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder to a real server that a test can cut and restore: a database "lost" to the app without
/// stopping the shared test server. Cut closes every open connection and refuses new ones until restored.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly IPEndPoint target;
    readonly CancellationTokenSource stop = new();
    readonly List<TcpClient> open = [];
    volatile bool cut;

    public TcpProxy(string host, int port)
    {
        target = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Cut()
    {
        cut = true;
        lock (open)
        {
            foreach (var c in open) c.Dispose();
            open.Clear();
        }
    }

    public void Restore() => cut = false;

    async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            if (cut) { client.Dispose(); continue; }
            _ = PipeAsync(client);
        }
    }

    async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(target, stop.Token);
            lock (open) { open.Add(client); open.Add(server); }
            var a = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
            var b = server.GetStream().CopyToAsync(client.GetStream(), stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        Cut();
        return ValueTask.CompletedTask;
    }
}
