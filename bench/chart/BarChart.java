import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the bench scripts' summaries as a PNG with the JDK alone (java.awt, headless): one panel of horizontal bars
 * per numeric column of a TSV whose first row names the columns and whose first column names the rows. jasyncio's
 * bars are drawn in its own colour, the peers' in grey, each bar labelled with its value.
 *
 * <p>Usage (source-file mode, nothing to build): {@code java -Djava.awt.headless=true bench/chart/BarChart.java
 * summary.tsv out.png "title"}.
 */
public final class BarChart {
    private static final int WIDTH = 900;
    private static final int BAR = 26;
    private static final int GAP = 8;
    private static final int LABEL_WIDTH = 150;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BarChart summary.tsv out.png [title]");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t");
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            labels.add(f[0]);
            double[] v = new double[header.length - 1];
            for (int i = 1; i < header.length; i++) {
                v[i - 1] = Double.parseDouble(f[i]);
            }
            values.add(v);
        }
        String title = args.length > 2 ? args[2] : "";
        int panels = header.length - 1;
        int panelHeight = 34 + labels.size() * (BAR + GAP) + 12;
        int height = 50 + panels * panelHeight + 10;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title, 20, 32);
        int y = 50;
        for (int p = 0; p < panels; p++) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.DARK_GRAY);
            g.drawString(header[p + 1], 20, y + 20);
            double max = 0;
            for (double[] v : values) {
                max = Math.max(max, v[p]);
            }
            int top = y + 34;
            int plotWidth = WIDTH - LABEL_WIDTH - 130;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < labels.size(); i++) {
                double v = values.get(i)[p];
                int by = top + i * (BAR + GAP);
                int w = max > 0 ? (int) Math.round(v / max * plotWidth) : 0;
                boolean ours = labels.get(i).startsWith("jasyncio");
                g.setColor(ours ? new Color(0x2f6db5) : new Color(0x9a9a9a));
                g.fillRect(LABEL_WIDTH, by, Math.max(1, w), BAR);
                g.setColor(Color.BLACK);
                String label = labels.get(i);
                g.drawString(label, LABEL_WIDTH - 10 - fm.stringWidth(label), by + BAR / 2 + fm.getAscent() / 2 - 2);
                g.drawString(format(v), LABEL_WIDTH + w + 8, by + BAR / 2 + fm.getAscent() / 2 - 2);
            }
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawLine(LABEL_WIDTH, top - 4, LABEL_WIDTH, top + labels.size() * (BAR + GAP) - GAP + 4);
            y += panelHeight;
        }
        g.dispose();
        ImageIO.write(img, "png", new File(args[1]));
    }

    private static String format(double v) {
        if (v >= 1000) {
            return String.format("%,.0f", v);
        }
        return String.format(v >= 10 ? "%.1f" : "%.2f", v);
    }
}
