// vkref/shaders/f16_words.glsl — fp16 arrays seen as 32-bit words, for
// devices without 16-bit storage: element i is half (i & 1) of word i >> 1
// (little-endian).  fp32 arithmetic only.

float f16_word_load(uint word, uint i)
{
    return unpackHalf2x16(word)[i & 1];
}
