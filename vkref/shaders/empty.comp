#version 450
// empty: one subgroup-sized workgroup that ends at once (launch overhead).
layout(local_size_x = 32) in;
void main()
{
}
