/* vkref/pipeline.c — compute pipelines from the embedded SPIR-V, created
 * once per (shader, specialization) and kept for the life of the device;
 * descriptor-set and pipeline layouts once per binding count. */
#include "vkref/vkref_int.h"
#include "pm4/log.h"

#include <errno.h>
#include <string.h>

/* The table tools/gen-embed writes for build/spv/ *.spv (ends with a zero
 * entry); the name is the shader's base name. */
struct amdpm4_blob {
    const char *name;
    const uint8_t *data;
    uint64_t size_bytes;
};
extern const struct amdpm4_blob amdpm4_shader_blobs[];

static const struct amdpm4_blob *find_blob(const char *name)
{
    for (const struct amdpm4_blob *b = amdpm4_shader_blobs; b->name; b++)
        if (!strcmp(b->name, name))
            return b;
    return NULL;
}

static int layout_for(struct vkref *vk, unsigned n_bindings)
{
    VkDescriptorSetLayoutBinding bind[KERN_MAX_ARGS];
    VkPushConstantRange push = {VK_SHADER_STAGE_COMPUTE_BIT, 0, VKREF_PUSH_BYTES};
    VkResult vr;

    if (vk->pipe_layout[n_bindings])
        return 0;
    for (unsigned i = 0; i < n_bindings; i++)
        bind[i] = (VkDescriptorSetLayoutBinding){
            .binding = i,
            .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
            .descriptorCount = 1,
            .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
        };
    {
        VkDescriptorSetLayoutCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
            .bindingCount = n_bindings,
            .pBindings = n_bindings ? bind : NULL,
        };
        vr = vkCreateDescriptorSetLayout(vk->dev, &ci, NULL, &vk->set_layout[n_bindings]);
        if (vr != VK_SUCCESS)
            return vkref_fail(vr, "vkCreateDescriptorSetLayout");
    }
    {
        VkPipelineLayoutCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
            .setLayoutCount = 1,
            .pSetLayouts = &vk->set_layout[n_bindings],
            .pushConstantRangeCount = 1,
            .pPushConstantRanges = &push,
        };
        vr = vkCreatePipelineLayout(vk->dev, &ci, NULL, &vk->pipe_layout[n_bindings]);
        if (vr != VK_SUCCESS)
            return vkref_fail(vr, "vkCreatePipelineLayout");
    }
    return 0;
}

int vkref_pipeline(struct vkref *vk, const char *shader, uint32_t spec_dim, unsigned n_bindings,
                   const struct vkref_pipe **out)
{
    const struct amdpm4_blob *blob;
    struct vkref_pipe *p;
    VkShaderModule mod;
    VkResult vr;
    int r;

    for (unsigned i = 0; i < vk->n_pipes; i++)
        if (!strcmp(vk->pipes[i].shader, shader) && vk->pipes[i].spec_dim == spec_dim &&
            vk->pipes[i].n_bindings == n_bindings) {
            *out = &vk->pipes[i];
            return 0;
        }
    if (vk->n_pipes == VKREF_MAX_PIPES)
        return amdpm4_seterr(-ENOSPC, "more than %d pipelines", VKREF_MAX_PIPES);
    if (!(blob = find_blob(shader)))
        return amdpm4_seterr(-ENOENT, "shader %s is not embedded in this build", shader);
    if (blob->size_bytes % 4)
        return amdpm4_seterr(-EINVAL, "shader %s: %llu bytes is no SPIR-V module", shader,
                             (unsigned long long)blob->size_bytes);
    if ((r = layout_for(vk, n_bindings)))
        return r;
    {
        VkShaderModuleCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
            .codeSize = (size_t)blob->size_bytes,
            .pCode = (const uint32_t *)blob->data,     /* gen-embed aligns to 256 */
        };
        if ((vr = vkCreateShaderModule(vk->dev, &ci, NULL, &mod)) != VK_SUCCESS)
            return amdpm4_adderr(vkref_fail(vr, "vkCreateShaderModule"), "%s: ", shader);
    }
    p = &vk->pipes[vk->n_pipes];
    {
        VkSpecializationMapEntry entry = {0, 0, sizeof(uint32_t)};
        VkSpecializationInfo spec = {1, &entry, sizeof(spec_dim), &spec_dim};
        VkComputePipelineCreateInfo ci = {
            .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
            .stage = {
                .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                .module = mod,
                .pName = "main",
                .pSpecializationInfo = spec_dim ? &spec : NULL,
            },
            .layout = vk->pipe_layout[n_bindings],
        };
        vr = vkCreateComputePipelines(vk->dev, VK_NULL_HANDLE, 1, &ci, NULL, &p->pipeline);
    }
    vkDestroyShaderModule(vk->dev, mod, NULL);
    if (vr != VK_SUCCESS)
        return amdpm4_adderr(vkref_fail(vr, "vkCreateComputePipelines"), "%s: ", shader);
    p->shader = blob->name;
    p->spec_dim = spec_dim;
    p->n_bindings = n_bindings;
    vk->n_pipes++;
    *out = p;
    return 0;
}

void vkref_pipelines_destroy(struct vkref *vk)
{
    for (unsigned i = 0; i < vk->n_pipes; i++)
        vkDestroyPipeline(vk->dev, vk->pipes[i].pipeline, NULL);
    vk->n_pipes = 0;
    for (unsigned i = 0; i <= KERN_MAX_ARGS; i++) {
        vkDestroyPipelineLayout(vk->dev, vk->pipe_layout[i], NULL);
        vkDestroyDescriptorSetLayout(vk->dev, vk->set_layout[i], NULL);
        vk->pipe_layout[i] = VK_NULL_HANDLE;
        vk->set_layout[i] = VK_NULL_HANDLE;
    }
}
