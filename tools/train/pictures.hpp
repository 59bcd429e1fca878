// The demo's figures: first-layer filters before and after training (the book's fig 7-24), one
// digit and its responses to two learned filters (fig 7-25), and the loss and accuracy curves.
#pragma once

#include "trainer.hpp"

#include <string>
#include <vector>

namespace cnn {

/// out_dir/<name>: the (FN,1,FH,FW) filters, 10 per row, each 5x5 filter scaled up 8 times.
void write_filters(const std::string& path, const Tensor4& W);

/// One (1,1,H,W) image and the Conv1 responses of the two learned filters that react most to
/// horizontal and to vertical edges, each next to its filter. Returns the two filter numbers.
std::pair<int, int> write_responses(const std::string& path, SimpleConvNet& net, const Tensor4& image);

/// loss.svg/.png (the loss of every step, and each epoch's mean) and accuracy.svg/.png (train and
/// test accuracy per epoch) in out_dir, drawn with PLplot's cairo driver.
void write_curves(const std::string& out_dir, const std::vector<EpochRecord>& records,
                  const std::vector<double>& step_losses, Index steps_per_epoch, const std::string& title);

}  // namespace cnn
