using ScottPlot;

namespace AkkaPay.Load;

/// <summary>What the report folders of `akkapay load` and `akkapay chaos` share: the page's style and how a plot is saved.</summary>
public static class ReportPage
{
    public const string Style = """
        <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1150px;color:#222}table{border-collapse:collapse;margin:1rem 0}
        td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
        .ok{color:#1a7f37}.bad{color:#cf222e}img{max-width:100%;border:1px solid #eee;margin:.5rem 0}</style>
        """;

    /// <summary>A PNG plot with a title, axis labels and a legend; <paramref name="draw"/> adds what it shows.</summary>
    public static void SavePlot(string path, string title, string xLabel, string yLabel, Action<Plot> draw, int width = 960)
    {
        var plot = new Plot();
        draw(plot);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        plot.SavePng(path, width, 420);
    }
}
