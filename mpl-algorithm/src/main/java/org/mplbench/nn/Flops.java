package org.mplbench.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Multiply-adds of a forward pass, computed from an initialised block's definition: convolutions
 * and dense layers only (batch norm, activations and pooling are a few operations per element and
 * are left out, the usual convention). A FLOP is two multiply-adds' worth: FLOPs = 2 × MACs, and a
 * training pass (forward, backward to the inputs, backward to the weights) is counted as 3 forwards.
 */
public final class Flops {

    /** A composite block that knows how its children are wired. */
    public interface Counted {
        /** Multiply-adds of one forward pass on {@code input}. */
        long forwardMacs(Shape input);
    }

    private Flops() {}

    /** Multiply-adds of one forward pass of {@code block} on a batch of shape {@code input}. */
    public static long forwardMacs(Block block, Shape input) {
        if (block instanceof Counted c) {
            return c.forwardMacs(input);
        }
        if (block instanceof Convolution conv) {
            Shape out = conv.getOutputShapes(new Shape[] {input})[0];
            long weights = conv.getParameters().get("weight").getArray().getShape().size();
            long positions = out.size() / (out.get(0) * out.get(1)); // output pixels per image
            return out.get(0) * positions * weights;
        }
        if (block instanceof Linear linear) {
            long weights = linear.getParameters().get("weight").getArray().getShape().size();
            return input.size() / input.tail() * weights;
        }
        if (block instanceof SequentialBlock seq) {
            long macs = 0;
            Shape shape = input;
            for (Block child : seq.getChildren().values()) {
                macs += forwardMacs(child, shape);
                shape = child.getOutputShapes(new Shape[] {shape})[0];
            }
            return macs;
        }
        if (block.getChildren().isEmpty()) {
            return 0; // element-wise: batch norm, activations, pooling, dropout
        }
        throw new IllegalArgumentException("cannot count the multiply-adds of " + block.getClass().getName()
                + ": a composite block must implement Flops.Counted");
    }

    /** FLOPs of one forward pass per example (input shape with batch 1). */
    public static double forwardFlopsPerExample(Block block, Shape exampleShape) {
        return 2.0 * forwardMacs(block, exampleShape);
    }
}
