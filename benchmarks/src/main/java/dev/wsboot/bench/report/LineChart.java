/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsboot.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A line chart rendered to PNG with Java2D, headless: enough for a few series of a
 * benchmark sweep, without a charting library.
 *
 * @author wsboot
 */
public final class LineChart {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 520;

	private static final int LEFT = 90;

	private static final int RIGHT = 30;

	private static final int TOP = 50;

	private static final int BOTTOM = 70;

	/** Colours for the starter and the baseline, and for further series. */
	public static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
			new Color(0xff7f0e), new Color(0x9467bd) };

	private final String title;

	private final String xLabel;

	private final String yLabel;

	private final boolean logY;

	private final List<Series> series = new ArrayList<>();

	/**
	 * Create a chart.
	 * @param title the title
	 * @param xLabel the x axis label
	 * @param yLabel the y axis label
	 * @param logY whether the y axis is logarithmic
	 */
	public LineChart(String title, String xLabel, String yLabel, boolean logY) {
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
		this.logY = logY;
	}

	/**
	 * Add a series.
	 * @param name the name in the legend
	 * @param color the colour
	 * @param dashed whether the line is dashed
	 * @param x the x values
	 * @param y the y values, as many as x
	 * @return this chart
	 */
	public LineChart add(String name, Color color, boolean dashed, double[] x, double[] y) {
		this.series.add(new Series(name, color, dashed, x, y));
		return this;
	}

	/**
	 * Render the chart to a PNG file.
	 * @param file the file
	 * @throws IOException if the file cannot be written
	 */
	public void render(Path file) throws IOException {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		double xMin = Double.MAX_VALUE;
		double xMax = -Double.MAX_VALUE;
		double yMin = Double.MAX_VALUE;
		double yMax = -Double.MAX_VALUE;
		for (Series s : this.series) {
			for (int i = 0; i < s.x.length; i++) {
				xMin = Math.min(xMin, s.x[i]);
				xMax = Math.max(xMax, s.x[i]);
				if (!this.logY || s.y[i] > 0) {
					yMin = Math.min(yMin, s.y[i]);
					yMax = Math.max(yMax, s.y[i]);
				}
			}
		}
		if (xMax <= xMin) {
			xMax = xMin + 1;
		}
		Axis y = this.logY ? Axis.log(yMin, yMax) : Axis.linear(0, yMax);
		Axis x = Axis.linear(xMin, xMax);
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		FontMetrics metrics = g.getFontMetrics();
		for (double tick : y.ticks) {
			int py = TOP + plotHeight - (int) Math.round(y.position(tick) * plotHeight);
			g.setColor(new Color(0xe6e6e6));
			g.drawLine(LEFT, py, LEFT + plotWidth, py);
			g.setColor(Color.DARK_GRAY);
			String label = format(tick);
			g.drawString(label, LEFT - 8 - metrics.stringWidth(label), py + metrics.getAscent() / 2 - 1);
		}
		for (double tick : x.ticks) {
			int px = LEFT + (int) Math.round(x.position(tick) * plotWidth);
			g.setColor(new Color(0xe6e6e6));
			g.drawLine(px, TOP, px, TOP + plotHeight);
			g.setColor(Color.DARK_GRAY);
			String label = format(tick);
			g.drawString(label, px - metrics.stringWidth(label) / 2, TOP + plotHeight + 18);
		}
		g.setColor(Color.GRAY);
		g.drawRect(LEFT, TOP, plotWidth, plotHeight);
		g.setColor(Color.BLACK);
		g.drawString(this.xLabel, LEFT + (plotWidth - metrics.stringWidth(this.xLabel)) / 2, HEIGHT - 25);
		AffineTransform saved = g.getTransform();
		g.rotate(-Math.PI / 2);
		g.drawString(this.yLabel, -(TOP + (plotHeight + metrics.stringWidth(this.yLabel)) / 2), 25);
		g.setTransform(saved);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		g.drawString(this.title, LEFT, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int legendY = TOP + 20;
		for (Series s : this.series) {
			g.setColor(s.color);
			g.setStroke(stroke(s.dashed));
			int previousX = -1;
			int previousY = -1;
			for (int i = 0; i < s.x.length; i++) {
				if (this.logY && s.y[i] <= 0) {
					continue;
				}
				int px = LEFT + (int) Math.round(x.position(s.x[i]) * plotWidth);
				int py = TOP + plotHeight - (int) Math.round(Math.min(1, y.position(s.y[i])) * plotHeight);
				if (previousX >= 0) {
					g.drawLine(previousX, previousY, px, py);
				}
				g.fillOval(px - 4, py - 4, 8, 8);
				previousX = px;
				previousY = py;
			}
			g.drawLine(LEFT + 15, legendY - 5, LEFT + 45, legendY - 5);
			g.setColor(Color.BLACK);
			g.drawString(s.name, LEFT + 52, legendY);
			legendY += 20;
		}
		g.dispose();
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImageIO.write(image, "png", file.toFile());
	}

	private static BasicStroke stroke(boolean dashed) {
		return dashed ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] { 8, 6 }, 0)
				: new BasicStroke(2.2f);
	}

	private static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e9) {
			return Long.toString((long) value);
		}
		return String.format(Locale.ROOT, (Math.abs(value) < 1) ? "%.2f" : "%.1f", value);
	}

	private record Series(String name, Color color, boolean dashed, double[] x, double[] y) {
	}

	/**
	 * Maps values to [0, 1] and picks round ticks.
	 */
	private static final class Axis {

		private final double min;

		private final double max;

		private final boolean log;

		private final List<Double> ticks = new ArrayList<>();

		private Axis(double min, double max, boolean log) {
			this.min = min;
			this.max = max;
			this.log = log;
		}

		static Axis linear(double min, double max) {
			double step = niceStep((max - min) / 6);
			double top = Math.ceil(max / step) * step;
			double bottom = Math.floor(min / step) * step;
			Axis axis = new Axis(bottom, (top > bottom) ? top : bottom + step, false);
			for (double tick = bottom; tick <= axis.max + step / 2; tick += step) {
				axis.ticks.add(tick);
			}
			return axis;
		}

		static Axis log(double min, double max) {
			double bottom = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3))));
			double top = Math.pow(10, Math.ceil(Math.log10(Math.max(max, bottom * 10))));
			Axis axis = new Axis(bottom, top, true);
			for (double decade = bottom; decade <= top * 1.001; decade *= 10) {
				axis.ticks.add(decade);
				if (decade * 10 <= top * 1.001 && top / bottom <= 1000) {
					axis.ticks.add(decade * 2);
					axis.ticks.add(decade * 5);
				}
			}
			return axis;
		}

		private static double niceStep(double raw) {
			double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
			double fraction = raw / magnitude;
			double nice = (fraction <= 1) ? 1 : (fraction <= 2) ? 2 : (fraction <= 5) ? 5 : 10;
			return nice * magnitude;
		}

		double position(double value) {
			if (this.log) {
				return (Math.log10(Math.max(value, this.min)) - Math.log10(this.min))
						/ (Math.log10(this.max) - Math.log10(this.min));
			}
			return (value - this.min) / (this.max - this.min);
		}

	}

}
