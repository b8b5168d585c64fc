package io.storecast.distribution.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one place QR codes are made, as PNG, SVG or drawn onto a poster: error correction M (survives
 * ~15% damage on a poster), a 2-module quiet zone, black on white.
 */
final class QrCodes {

    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;
    private static final Map<EncodeHintType, Object> HINTS =
            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2);

    private QrCodes() {
    }

    /** The code of {@code text} at {@code size}x{@code size} pixels; {@code 0} gives one bit per module. */
    static BitMatrix matrix(String text, int size) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, HINTS);
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode a QR code for " + text, e);
        }
    }

    /** One bit per module, quiet zone included. */
    static BitMatrix modules(String text) {
        return matrix(text, 0);
    }

    static byte[] png(String text, int size) {
        BitMatrix m = matrix(text, size);
        BufferedImage image = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                image.setRGB(x, y, m.get(x, y) ? BLACK : WHITE);
            }
        }
        return png(image);
    }

    /**
     * A standalone SVG {@code size} pixels square whose user units are modules: a white background and
     * one path holding the dark modules, one {@code h}-run per row segment.
     */
    static String svg(String text, int size) {
        BitMatrix m = modules(text);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            int x = 0;
            while (x < m.getWidth()) {
                if (!m.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < m.getWidth() && m.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        int n = m.getWidth();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + size + "\" height=\"" + size
                + "\" viewBox=\"0 0 " + n + " " + n + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#ffffff\"/>"
                + "<path fill=\"#000000\" d=\"" + path + "\"/></svg>\n";
    }

    /**
     * Draws {@link #modules} with its top-left corner at ({@code left}, {@code top}), each module
     * {@code modulePixels} square (whole pixels keep the modules crisp); returns the side drawn.
     */
    static int draw(Graphics2D g, BitMatrix m, int left, int top, int modulePixels) {
        int side = m.getWidth() * modulePixels;
        g.setColor(Color.WHITE);
        g.fillRect(left, top, side, side);
        g.setColor(Color.BLACK);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    g.fillRect(left + x * modulePixels, top + y * modulePixels, modulePixels, modulePixels);
                }
            }
        }
        return side;
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
