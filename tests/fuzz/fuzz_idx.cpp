// libFuzzer target for the IDX parser (tests/fuzz/run.sh builds and runs it).
//
// Every input is tried as an image file and as a label file, gzipped or not as it happens. The
// parser may refuse an input, but only with cnn::DataError. Anything else (another exception, a
// crash, a read out of bounds, undefined behaviour, a hang, runaway memory) is a bug that
// libFuzzer reports and saves.
#include "common/datasets.hpp"
#include "common/idx.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

// What a successful parse promises; a broken promise stops the fuzzer with a crash.
void require(bool promise) {
    if (!promise) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const cnn::IdxImages images = cnn::parse_idx_images(data, size, "fuzz-images");
        require(images.count > 0 && images.rows > 0 && images.cols > 0);
        require(static_cast<cnn::Index>(images.pixels.size()) ==
                images.count * images.rows * images.cols);

        // Pair the images with labels and convert them, with options picked by the input size.
        cnn::IdxLabels labels;
        labels.name = "fuzz-labels";
        labels.values.assign(static_cast<std::size_t>(images.count), 7);
        cnn::LoadOptions options;
        options.normalize = (size & 1) != 0;
        options.flatten = (size & 2) != 0;
        options.one_hot_label = (size & 4) != 0;
        const cnn::Split split = cnn::make_split(images, labels, options);
        require(split.size() == images.count);
    } catch (const cnn::DataError&) {
    }

    try {
        const cnn::IdxLabels labels = cnn::parse_idx_labels(data, size, "fuzz-labels");
        require(!labels.values.empty());
        for (const std::uint8_t label : labels.values) require(label <= 9);
    } catch (const cnn::DataError&) {
    }
    return 0;
}
