using System.Linq.Expressions;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Realtime;

/// <summary>
/// What keeps the cost of publishing an event flat: the receivers found from the audiences' members (each then written
/// directly, not looked for among every connection), and an audiences comparer whose expressions hold no nested lambda (a
/// compiled nested lambda builds a new delegate on every call).
/// </summary>
public sealed class RealtimeCostTests
{
    [Fact]
    public void The_receivers_of_an_event_are_each_connection_of_its_audiences_once()
    {
        var connections = new RealtimeConnections();
        connections.Add("teacher-and-office", ["group-staff:a", "school-office:s"]);
        connections.Add("office", ["school-office:s"]);
        connections.Add("guardian", ["pupil-guardians:p"]);

        var receivers = connections.In(["group-staff:a", "school-office:s"]);

        Assert.Equal(["office", "teacher-and-office"], receivers.Order(StringComparer.Ordinal));
        Assert.Empty(connections.In(["pupil-guardians:q"]));
    }

    [Fact]
    public void The_audiences_of_an_event_compare_by_content_with_no_nested_lambda_in_the_comparer()
    {
        using var db = new MeldebokDbContext(new DbContextOptionsBuilder<MeldebokDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=model_only").UseSnakeCaseNamingConvention().Options);
        var comparer = db.Model.FindEntityType(typeof(OutboxEvent))!.FindProperty(nameof(OutboxEvent.Audiences))!.GetValueComparer();

        foreach (var expression in new LambdaExpression[] { comparer.EqualsExpression, comparer.HashCodeExpression, comparer.SnapshotExpression })
        {
            Assert.Empty(NestedLambdas.In(expression.Body));
        }

        string[] audiences = ["sfo-staff:u", "school-office:s"];
        var snapshot = (string[])comparer.Snapshot(audiences)!;
        Assert.NotSame(audiences, snapshot);
        Assert.True(comparer.Equals(audiences, snapshot));
        Assert.Equal(comparer.GetHashCode(audiences), comparer.GetHashCode(snapshot));
        string[] fewer = ["sfo-staff:u"];
        string[] reordered = ["school-office:s", "sfo-staff:u"];
        Assert.False(comparer.Equals(audiences, fewer));
        Assert.False(comparer.Equals(audiences, reordered));
    }

    private sealed class NestedLambdas : ExpressionVisitor
    {
        private readonly List<LambdaExpression> found = [];

        public static List<LambdaExpression> In(Expression body)
        {
            var visitor = new NestedLambdas();
            visitor.Visit(body);
            return visitor.found;
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            found.Add(node);
            return base.VisitLambda(node);
        }
    }
}
