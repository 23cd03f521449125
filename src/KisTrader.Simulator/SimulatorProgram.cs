using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KisTrader.Simulator;

/// <summary>
/// Standalone entry point: <c>dotnet run --project src/KisTrader.Simulator -- --urls http://127.0.0.1:PORT</c>.
/// Not a top-level program: the web app references this assembly and has its own Program.
/// Configuration: optional simulator.json, then environment (Simulator__Seed), then the command line (--Simulator:Seed 7).
/// Exit codes: 0 after Ctrl+C / SIGTERM, 2 for bad configuration.
/// </summary>
public static class SimulatorProgram
{
    public const string DefaultUrl = "http://127.0.0.1:5099";

    public static async Task<int> Main(string[] args)
    {
        IConfigurationRoot configuration;
        SimulatorSettings settings;
        try
        {
            configuration = new ConfigurationBuilder()
                .SetBasePath(Directory.GetCurrentDirectory())
                .AddJsonFile("simulator.json", optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(args)
                .Build();
            settings = new SimulatorSettings();
            configuration.GetSection(SimulatorSettings.SectionName).Bind(settings, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            // The binder names the key, e.g. "Failed to convert configuration value at 'Simulator:Seed' to type 'System.Int32'."
            await Console.Error.WriteLineAsync("Simulator configuration error: " + e.Message + (e.InnerException is { } inner ? " (" + inner.Message + ")" : ""));
            return 2;
        }
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors) await Console.Error.WriteLineAsync("Simulator configuration error: " + error);
            return 2;
        }

        var url = (configuration["urls"] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Information));
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context) { context.Cancel = true; stop.Cancel(); }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(settings, url, TimeProvider.System, loggerFactory, stop.Token);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync("Simulator could not listen on " + url + ": " + e.Message);
            return 1;
        }
        Console.WriteLine($"Now listening on: {host.BaseUrl}");
        Console.WriteLine($"WebSocket: {host.WebSocketUrl}");
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
        await host.DisposeAsync();
        return 0;
    }
}
