using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AkkaPay.Host;

/// <summary>
/// Akka's log through the host's logging, once per entry: Akka.Hosting's logger writes Akka's whole formatted line
/// (level, its own timestamp, thread, source) as the message, under one category, so every line carried two
/// timestamps and two levels and no category could be filtered. This one passes the message alone, under the
/// category of the class that logged it (see <see cref="Category"/>), with the actor that logged it after the message.
/// </summary>
public sealed class AkkaLogForwarder : LoggerFactoryLogger
{
    private readonly ILoggerFactory _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new();

    protected override void Log(LogEvent log, ActorPath path)
    {
        var logger = _loggers.GetOrAdd(Category(log), _factory.CreateLogger);
        var level = LevelOf(log);
        if (!logger.IsEnabled(level)) return;
        var message = log.LogSource is { } source && source.StartsWith("akka", StringComparison.Ordinal)
            ? $"{log.Message} ({source})"
            : log.Message?.ToString() ?? "";
        logger.Log(level, default, message, log.Cause, (text, _) => text);
    }

    /// <summary>
    /// The class that logged, or for a logger Akka made from a name ("Cluster (akka://akkapay)", "remoting") that
    /// name under "Akka.", so that Akka.Cluster's lines are filtered as Akka.Cluster.
    /// </summary>
    private static string Category(LogEvent log)
    {
        if (log.LogClass is { } type && type != typeof(DummyClassForStringSources)) return type.FullName ?? type.Name;
        var name = log.LogSource ?? "";
        var end = name.IndexOf(' ');
        return "Akka." + (end < 0 ? name : name[..end]);
    }

    private static LogLevel LevelOf(LogEvent log) => log.LogLevel() switch
    {
        Akka.Event.LogLevel.DebugLevel => LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
