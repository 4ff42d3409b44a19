using Akka.Actor;

namespace AkkaPay.Host;

/// <summary>
/// Why a node's actor system stopped. A node the cluster downed (the split-brain resolver found it on the losing
/// side, or it was removed while unreachable) must not look like a clean stop: a supervisor restarts only failures.
/// </summary>
public sealed class NodeShutdown
{
    private ActorSystem? _system;

    public void Watch(ActorSystem system) => _system = system;

    public bool WasDowned => _system is not null && CoordinatedShutdown.Get(_system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason;
}
