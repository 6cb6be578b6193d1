package org.lifelongseg.core.engine;

/**
 * What decides which kernel a CPU backend picks for a 2-D convolution: channel counts, kernel,
 * stride, padding and dilation (groups 1).
 *
 * <pre>{@code
 * ConvolutionShape s = new ConvolutionShape(64, 64, 3, 1, 1, 2, 0, 2, 1);   // a dilated 3x1
 * }</pre>
 *
 * @param in input channels
 * @param out output channels
 * @param kh kernel height
 * @param kw kernel width
 * @param stride stride (both axes)
 * @param ph padding of the height
 * @param pw padding of the width
 * @param dh dilation of the height
 * @param dw dilation of the width
 */
public record ConvolutionShape(int in, int out, int kh, int kw, int stride, int ph, int pw, int dh,
        int dw) {

    /** Validates the values. */
    public ConvolutionShape {
        if (in < 1 || out < 1 || kh < 1 || kw < 1 || stride < 1 || ph < 0 || pw < 0 || dh < 1
                || dw < 1) {
            throw new IllegalArgumentException("not a convolution shape: " + in + "->" + out
                    + " kernel " + kh + "x" + kw + " stride " + stride + " padding " + ph + "x" + pw
                    + " dilation " + dh + "x" + dw);
        }
    }

    @Override
    public String toString() {
        return in + "->" + out + " channels, " + kh + "x" + kw + " kernel, stride " + stride
                + ", padding " + ph + "x" + pw + ", dilation " + dh + "x" + dw;
    }
}
