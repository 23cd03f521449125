namespace KisTrader.Simulator;

/// <summary>Standalone entry point. Not a top-level program: the web app references this assembly and has its own Program.</summary>
public static class SimulatorProgram
{
    public static int Main(string[] args) => 0; // replaced by the standalone host
}
